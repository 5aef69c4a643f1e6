/**
 * .mocharc.json lists the test folders one by one, heaviest first, so that the two parallel mocha
 * jobs start the long files early instead of ending on them (issue 11). A folder missing from
 * the list would silently not run: every test file must match exactly one spec entry.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(relative);
    return entry.name.endsWith(".test.ts") ? [relative] : [];
  });
}

describe(".mocharc.json (issue 11: test order for the parallel jobs)", () => {
  it("runs every test file under test/ exactly once", () => {
    const { spec } = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8")) as {
      spec: string[];
    };
    const folders = spec.map((entry) => {
      const match = /^test\/([\w-]+)\/\*\*\/\*\.test\.ts$/.exec(entry);
      expect(match, `spec entry ${entry}: expected test/<folder>/**/*.test.ts`).not.to.equal(null);
      return (match as RegExpExecArray)[1];
    });
    const files = testFiles("test");
    expect(files.length).to.be.greaterThan(50);
    for (const file of files) {
      const matching = folders.filter((folder) => file.startsWith(`test/${folder}/`));
      expect(matching, file).to.have.length(1);
    }
  });
});
