import type { JsonValue } from "@baton-ts/protocol";
import type { Out } from "./io.js";

/**
 * Streams `{"<field>":[item,...]}`, one item at a time, as protojson prints a message with one repeated
 * field: `{}` when the list is empty (protojson leaves empty lists out). Memory stays at one item.
 */
export class JsonList {
  #count = 0;

  constructor(
    private readonly out: Out,
    private readonly field: string,
  ) {}

  get count(): number {
    return this.#count;
  }

  async add(item: JsonValue): Promise<void> {
    const prefix = this.#count === 0 ? `{${JSON.stringify(this.field)}:[` : ",";
    this.#count++;
    await this.out.write(prefix + JSON.stringify(item));
  }

  async end(): Promise<void> {
    await this.out.write(this.#count === 0 ? "{}\n" : "]}\n");
  }
}
