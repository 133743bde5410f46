/** Every ```ts block of README.md runs as written (imports of "jaxon" point at the sources). */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, it, vi } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(root, "test", ".readme-snippets");

describe("README snippets", () => {
  it("has snippets", () => {
    if (blocks.length < 3) throw new Error(`expected the README's ts snippets, found ${blocks.length}`);
  });
  blocks.forEach((code, i) => {
    it(`snippet ${i + 1} runs`, async () => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `snippet-${i + 1}.ts`);
      writeFileSync(
        file,
        code
          .replaceAll('from "jaxon/laws"', `from ${JSON.stringify(join(root, "laws", "index.js"))}`)
          .replaceAll('from "jaxon"', `from ${JSON.stringify(join(root, "src", "index.js"))}`),
      );
      const log = vi.spyOn(console, "log").mockImplementation(() => {});
      try {
        await import(pathToFileURL(file).href);
      } finally {
        log.mockRestore();
      }
    });
  });
});
