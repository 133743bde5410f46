import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demos } from "../../src/cli/demos.js";
import { main, parseArgs } from "../../src/cli/main.js";

const dir = mkdtempSync(join(tmpdir(), "jaxon-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("jaxon demo", () => {
  const expected: Record<string, string[]> = {
    moons: ["moons-loss.svg", "moons-boundary.svg"],
    xor: ["xor-loss.svg", "xor-boundary.svg"],
    iris: ["iris-loss.svg"],
    spirals: ["spirals-loss.svg", "spirals-boundary.svg"],
    regression: ["regression-fit.svg", "regression-loss.svg"],
  };

  it("lists exactly the expected demos", () => {
    expect(Object.keys(demos).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, files] of Object.entries(expected)) {
    it(`runs ${name} and writes its SVGs`, async () => {
      const out = join(dir, name);
      const r = await run("demo", name, "--epochs", "2", "--out", out, "--seed=3");
      expect(r.code).toBe(0);
      expect(r.err).toBe("");
      expect(r.out).toMatch(new RegExp(`^${name}: 2 epochs in [\\d.]+ s, final loss [\\d.]+`));
      if (name !== "regression") expect(r.out).toMatch(/accuracy \d+\.\d%/);
      for (const f of files) {
        const path = join(out, f);
        expect(existsSync(path), path).toBe(true);
        expect(readFileSync(path, "utf8").startsWith("<svg")).toBe(true);
        expect(r.out).toContain(path);
      }
    });
  }

  it("lists the demos without a name", async () => {
    const r = await run("demo");
    expect(r.code).toBe(0);
    for (const name of Object.keys(expected)) expect(r.out).toContain(name);
  });

  it("prints the usage for --help", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: jaxon demo/);
    expect(r.out).toContain("--epochs");
  });
});

describe("argument errors", () => {
  it.each([
    [["demo", "nope"], /unknown demo "nope"; valid demos: moons, xor, iris, spirals, regression/],
    [["demo", "moons", "--epoch", "3"], /unknown option "--epoch"; valid options: --epochs, --out, --seed, --help/],
    [["demo", "moons", "--epochs"], /--epochs needs a value/],
    [["demo", "moons", "--epochs", "0"], /--epochs expects an integer ≥ 1, got "0"/],
    [["demo", "moons", "--seed", "x"], /--seed expects an integer/],
    [["train"], /unknown command "train"; valid commands: demo/],
    [[], /missing command/],
    [["demo", "moons", "xor"], /unexpected argument "xor"/],
  ])("%j", async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe("");
  });

  it("parses --flag value and --flag=value", () => {
    expect(parseArgs(["demo", "xor", "--epochs=5", "--out", "d", "--seed", "-1"])).toEqual({ help: false, positional: ["demo", "xor"], epochs: 5, out: "d", seed: -1 });
  });
});
