import { z } from "zod";
import { envelope } from "./envelope.js";
import { permissionSchema } from "./permission.js";

/** `POST|PUT /users|groups/{id}/permissions` → `{permissions: AccessPermissionV1[]}`. */
export const permissionsWrittenResponse = envelope(z.object({ permissions: z.array(permissionSchema) }));
