export { type CreateLoggerOptions, createLogger, isLogLevel, type LogFormat } from "./create-logger.js";
export { createMemoryLogger, type LogRecord, type MemoryLogger } from "./memory-logger.js";
export { nullLogger } from "./null-logger.js";
export { createRedactor, isSecretKey, REDACTED, type Redactor, redact, serializeError } from "./redact.js";
