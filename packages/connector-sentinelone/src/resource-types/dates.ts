/** A Date for an API timestamp, or undefined when absent or unparsable (never a failed sync for a bad date). */
export const parseDate = (value: string | null | undefined): Date | undefined => {
  if (value === null || value === undefined || value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};
