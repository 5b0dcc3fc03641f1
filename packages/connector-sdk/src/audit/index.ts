export { type AuditLog, type AuditLogOptions, createAuditLog, nullAuditLog } from "./audit-log.js";
export type { AuditEventKind, AuditLease, AuditRecord, AuditSource } from "./audit-record.js";
