export * from "./account.js";
export * from "./envelope.js";
export * from "./role.js";
export * from "./scope-role.js";
export * from "./service-user.js";
export * from "./site.js";
export * from "./user.js";
