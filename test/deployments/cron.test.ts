import { expect } from "chai";
import { cronProblems } from "../../stacks/deployments/cron";

// Five-field cron evaluated in UTC (pulumi-pulumiservice v1.3.0, provider/pkg/cloud/spec.json).
describe("stacks/deployments/cron", () => {
  it("accepts five-field expressions with *, numbers, ranges, lists and steps", () => {
    for (const expression of [
      "0 6 * * *",
      "0 */4 * * *",
      "15,45 8-18 * * 1-5",
      "0 0 1 1 0",
      "59 23 31 12 7",
      "*/15 * * * *",
    ]) {
      expect(cronProblems(expression), expression).to.deep.equal([]);
    }
  });

  it("refuses a seconds field, macros and too few fields", () => {
    expect(cronProblems("0 0 6 * * *")[0]).to.match(/^must have 5 fields .* got 6/);
    expect(cronProblems("@daily")[0]).to.match(/got 1/);
  });

  it("names the field and the bound of every out-of-range value", () => {
    expect(cronProblems("60 24 0 13 8")).to.deep.equal([
      "minute 60 is outside 0-59",
      "hour 24 is outside 0-23",
      "day of month 0 is outside 1-31",
      "month 13 is outside 1-12",
      "day of week 8 is outside 0-7",
    ]);
  });

  it("refuses backwards ranges, zero steps, names and stray characters", () => {
    expect(cronProblems("0 18-8 * * *")).to.deep.equal(["hour range 18-8 runs backwards"]);
    expect(cronProblems("*/0 * * * *")).to.deep.equal(["minute step /0 must be at least 1"]);
    expect(cronProblems("0 6 * JAN *")).to.deep.equal([
      'month "JAN" is not *, N, N-M or a list of them, each with an optional /STEP',
    ]);
    expect(cronProblems("0 6 * * 1,")).to.have.length(1);
  });
});
