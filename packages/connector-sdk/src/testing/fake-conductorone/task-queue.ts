import { newKsuid } from "@baton-ts/c1z";
import { type Task, TaskSchema } from "@baton-ts/protocol/service";
import { create, type MessageInitShape } from "@bufbuild/protobuf";

/** Any case of Task's `task_type` oneof as protobuf-es builds it, e.g. `{ case: "eventFeed", value: {} }`. */
export type TaskTypeInit = NonNullable<MessageInitShape<typeof TaskSchema>["taskType"]>;

export interface EnqueueOptions {
  /** The task's `debug` flag. */
  readonly debug?: boolean;
}

/**
 * The fake's queue of tasks: first in, first out, each handed out once to whichever host polls first, as
 * ConductorOne's worker queue does.
 */
export class TaskQueue {
  readonly #waiting: Task[] = [];
  readonly #handedOut = new Map<string, { readonly task: Task; readonly hostId: string }>();

  /** Queues a task and returns its id (27 base62 characters, a KSUID as ConductorOne's ids are). */
  enqueue(taskType: TaskTypeInit | undefined, options: EnqueueOptions = {}): string {
    const id = newKsuid();
    this.#waiting.push(
      create(TaskSchema, {
        id,
        debug: options.debug ?? false,
        ...(taskType === undefined ? {} : { taskType }),
      }),
    );
    return id;
  }

  /** The next task for `hostId`, or undefined when nothing waits. */
  take(hostId: string): Task | undefined {
    const task = this.#waiting.shift();
    if (task !== undefined) this.#handedOut.set(task.id, { task, hostId });
    return task;
  }

  /** Ids of the tasks not handed out yet, in order. */
  get waiting(): readonly string[] {
    return this.#waiting.map((task) => task.id);
  }

  /** The host a task was handed to, or undefined while it waits (or when the id is not one of ours). */
  handedTo(taskId: string): string | undefined {
    return this.#handedOut.get(taskId)?.hostId;
  }
}
