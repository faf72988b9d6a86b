/** The bench hook the lead's bench calls runs end to end on a small synthetic project. */
import { benchProjectPage } from '../../bench/project-page-bench';

it("stores a 500-issue project's flow facts and times warm views from them", async () => {
  const result = await benchProjectPage(500);
  expect(result.issues).toBe(500);
  expect(result.factsMs).toBeGreaterThan(0);
  expect(result.viewMs).toBeGreaterThan(0);
  expect(result.chunks).toBeGreaterThanOrEqual(1);
  expect(result.answerBytes).toBeGreaterThan(10_000);
}, 60_000);
