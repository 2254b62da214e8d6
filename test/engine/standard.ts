/**
 * The standard every resource class of this package meets, through Pulumi's real provider process
 * against the emulator, in the shape of Terraform's acceptance tests: create → an empty plan →
 * refresh clean → a change shown field by field → a console edit found by a refresh and put back →
 * deleted outside Pulumi → re-created → destroy; `get`; a 404 on delete; bad input refused at
 * preview naming the property; previews and no-ops that send no request; nothing secret anywhere
 * it should not be. A resource's test file gives its case; `standardSuite` does the rest.
 */
import { leafChanges } from "../../harness/display-rule";
import { Engine, type OperationResult, type ResourceState } from "../../harness/engine";
import { engineFixture, type EngineFixture, type ResourceEntry } from "./fixture";

type Props = Record<string, unknown>;

export interface StandardCase {
  className: string;
  /** The program's arguments (plain), and its secret ones. */
  args: Props;
  secrets?: Props;
  /** Resources the case's resource takes outputs of (`{ $output: "name.output" }` in args), declared first. */
  before?: (f: EngineFixture) => ResourceEntry[] | Promise<ResourceEntry[]>;
  /** The output holding the object's id. */
  idOutput: string;
  /** What Ultravox holds of the object (secrets and all), or undefined when it has none. */
  held(f: EngineFixture, id: string): Props | undefined;
  /** What Ultravox must hold right after the create, as a subset. */
  heldAfterCreate: Props;
  /** A change in the program: the arguments, and the leaf `pulumi preview --diff` shows changed. */
  change: { args: Props; leaf: string; held: Props };
  /** An edit in the console, behind Pulumi's back, and the leaf a refresh then shows. */
  consoleEdit: { apply(f: EngineFixture, id: string): void; leaf: string };
  deleteOutOfBand(f: EngineFixture, id: string): void;
  /** Arguments a preview refuses, the property named, and the reason. */
  badInput: { args: Props; property: string; reason: RegExp };
  /** Secrets the leak scan looks for, labelled (the case's own). */
  leakable?: Record<string, string>;
}

const NAME = "subject";

export function standardSuite(c: StandardCase): void {
  describe(`${c.className}: the standard`, () => {
    let f: EngineFixture;
    let engine: Engine;
    beforeAll(async () => {
      f = await engineFixture();
      Object.assign(f.secrets, c.leakable ?? {});
    });
    afterAll(() => f.stop());
    beforeEach(() => {
      engine = new Engine(f.provider);
      f.emulator.clearLog();
    });
    afterEach(() => expect(f.leaks(engine)).toEqual([]));

    const program = async (args: Props, options: { preview?: boolean } = {}) => {
      const before = (await c.before?.(f)) ?? [];
      const run = await f.resources([...before, { class: c.className, name: NAME, args }], c.secrets ? { [NAME]: c.secrets } : {}, options);
      return run.resources;
    };
    const up = async (args = c.args) => {
      const resources = await program(args);
      const result = await engine.upStage(resources.filter((r) => r.name !== NAME));
      expect(result.errors).toEqual([]);
      // Outputs of the resources it takes (an id, say) are known once those exist.
      const outputs = Object.fromEntries([...engine.state.values()].map((s) => [s.name, s.outputs]));
      const run = await f.resources(
        [...((await c.before?.(f)) ?? []), { class: c.className, name: NAME, args }],
        c.secrets ? { [NAME]: c.secrets } : {},
        { outputs },
      );
      return engine.up(run.resources);
    };
    const subject = (): ResourceState => [...engine.state.values()].find((s) => s.name === NAME)!;
    const op = (result: OperationResult) => {
      const step = result.steps.find((s) => s.name === NAME)!;
      return step.refreshResult ?? step.op;
    };
    const stepOf = (result: OperationResult) => result.steps.find((s) => s.name === NAME)!;

    it("lives the standard life: preview, create, no-op, refresh, change, console edit, deletion outside Pulumi, destroy", async () => {
      expect(op(await engine.preview(await program(c.args, { preview: true })))).toBe("create");
      expect(f.emulator.log).toEqual([]);

      const created = await up();
      expect(created.errors).toEqual([]);
      const id = subject().id;
      expect(subject().outputs[c.idOutput]).toBe(id);
      expect(c.held(f, id)).toMatchObject(c.heldAfterCreate);

      // An unchanged program: a preview and an up that send nothing; a refresh that finds nothing.
      f.emulator.clearLog();
      expect(op(await engine.preview(await program(c.args)))).toBe("same");
      expect(op(await up())).toBe("same");
      expect(f.emulator.log).toEqual([]);
      expect(op(await engine.refresh())).toBe("same");
      expect(f.emulator.writes()).toEqual([]);

      // A change in the program: shown at its leaf, made in place with one write.
      const preview = await engine.preview(await program(c.change.args));
      expect(op(preview)).toBe("update");
      expect(leafChanges(stepOf(preview), "preview").map((l) => l.path)).toEqual([c.change.leaf]);
      f.emulator.clearLog();
      expect(op(await up(c.change.args))).toBe("update");
      expect(f.emulator.writes()).toHaveLength(1);
      expect(subject().id).toBe(id);
      expect(c.held(f, id)).toMatchObject(c.change.held);

      // Edited in the console: a refresh finds it at its leaf, the next preview shows the way back, up puts it back.
      c.consoleEdit.apply(f, id);
      expect(op(await engine.refresh())).toBe("update");
      const back = await engine.preview(await program(c.change.args));
      expect(leafChanges(stepOf(back), "preview").map((l) => l.path)).toEqual([c.consoleEdit.leaf]);
      expect(op(await up(c.change.args))).toBe("update");
      expect(c.held(f, id)).toMatchObject(c.change.held);

      // Deleted outside Pulumi: the refresh drops it, the next up creates it again.
      c.deleteOutOfBand(f, id);
      expect(op(await engine.refresh())).toBe("delete");
      expect(op(await up(c.change.args))).toBe("create");
      const again = subject().id;
      expect(c.held(f, again)).toMatchObject(c.change.held);

      expect((await engine.destroy()).errors).toEqual([]);
      expect(c.held(f, again)).toBeUndefined();
    });

    it("get reads an existing object without managing it; a delete of one already gone is done", async () => {
      await up();
      const id = subject().id;
      const run = await f.resources([{ class: c.className, name: "existing", get: id }]);
      const read = await new Engine(f.provider).read(run.reads);
      expect(read.errors).toEqual([]);
      expect(read.steps[0].new?.outputs[c.idOutput]).toBe(id);
      c.deleteOutOfBand(f, id);
      expect((await engine.destroy()).errors).toEqual([]);
      expect(engine.state.size).toBe(0);
    });

    it("refuses bad input at preview, naming the property, with no request", async () => {
      const result = await engine.preview(await program(c.badInput.args));
      expect(stepOf(result).failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ property: c.badInput.property, reason: expect.stringMatching(c.badInput.reason) }),
        ]),
      );
      expect(f.emulator.log).toEqual([]);
    });
  });
}
