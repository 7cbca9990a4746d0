import { debianRedisServer, defragRedisServer } from "./binaries.js";

/** Fails the run at once, with the one-line fix, when the Redis binaries the bench needs are missing. */
export default function setup(): void {
  debianRedisServer();
  defragRedisServer();
}
