/** Removes the test run's scratch folder: program folders, packed tarballs, results. */
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  if (process.env.UV_TMP_ROOT) rmSync(process.env.UV_TMP_ROOT, { recursive: true, force: true });
}
