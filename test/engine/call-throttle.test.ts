/** CallThrottle, through Pulumi's real provider process: the standard every resource meets. */
import { throttlesRoute, writeThrottle } from "../../emulator/call-throttles";
import { standardSuite } from "./standard";

standardSuite({
  className: "CallThrottle",
  args: { name: "outbound", rules: [{ maxCalls: 10, windowSeconds: 60 }] },
  idOutput: "throttleId",
  held: (f, id) => f.emulator.objects(f.apiKey, throttlesRoute).get(id) as Record<string, unknown> | undefined,
  heldAfterCreate: { name: "outbound", rules: [{ maxCalls: 10, windowSeconds: 60 }] },
  change: {
    args: { name: "outbound", rules: [{ maxCalls: 20, windowSeconds: 60 }] },
    leaf: "rules[0].maxCalls",
    held: { rules: [{ maxCalls: 20, windowSeconds: 60 }] },
  },
  consoleEdit: { apply: (f, id) => writeThrottle(f.emulator.objects(f.apiKey, throttlesRoute), { name: "edited" }, id), leaf: "name" },
  deleteOutOfBand: (f, id) => f.emulator.objects(f.apiKey, throttlesRoute).delete(id),
  badInput: {
    args: { name: "outbound", rules: [{ maxCalls: 101, windowSeconds: 60 }] },
    property: "rules[0].maxCalls",
    reason: /must be at most 100, got 101/,
  },
});
