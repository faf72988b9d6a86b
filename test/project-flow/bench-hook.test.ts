/** The bench hook the lead's bench calls runs end to end on a small synthetic project. */
import { benchProjectPage } from '../../bench/project-page-bench';

it('times a 500-issue project cold and from the cache', async () => {
  const result = await benchProjectPage(500);
  expect(result.issues).toBe(500);
  expect(result.coldMs).toBeGreaterThan(0);
  expect(result.cachedMs).toBeGreaterThan(0);
  expect(result.cachedMs).toBeLessThan(result.coldMs);
  expect(result.chunks).toBeGreaterThanOrEqual(1);
  expect(result.answerBytes).toBeGreaterThan(10_000);
}, 60_000);
