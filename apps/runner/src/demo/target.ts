import type { C1zFile } from "@baton-ts/c1z";

/** One connector in the demo: its program and a simulator of its API. */
export interface DemoTarget {
  /** e.g. `Segment`. */
  readonly title: string;
  /** The program that runs against it, e.g. `baton-segment`, and the connector package that ships it. */
  readonly program: string;
  readonly packageName: string;
  start(): Promise<RunningTarget>;
}

/** A simulator serving one seeded tenant, and what the demo needs to know about it. */
export interface RunningTarget {
  /** One line for a newcomer: what is being simulated, and where. */
  readonly description: string;
  /** The BATON_* variables that point the program at the simulator. */
  readonly env: Readonly<Record<string, string>>;
  /** API calls per `METHOD route` since the last reset. */
  calls(): Record<string, number>;
  resetCalls(): void;
  /** Picks an entitlement and a principal that does not hold it, from a synced c1z. */
  chooseGrant(c1z: C1zFile): GrantChoice;
  /** What the simulator's own state says about the choice, e.g. "Ada is a member of Eng: yes". */
  describeState(choice: GrantChoice): string;
  close(): Promise<void>;
}

export interface GrantChoice {
  readonly entitlementId: string;
  readonly principalType: string;
  readonly principalId: string;
  /** For people: e.g. `membership of the group "Engineering"`. */
  readonly entitlementName: string;
  readonly principalName: string;
}

/** Baton's grant id rule: `<entitlement id>:<principal type>:<principal id>`. */
export const grantIdOf = (choice: GrantChoice): string =>
  `${choice.entitlementId}:${choice.principalType}:${choice.principalId}`;
