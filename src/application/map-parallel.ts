/**
 * Bounded concurrency for Jira reads (one call per issue): enough in flight to be quick, few enough that Jira's
 * rate limits are not provoked. Used by the CSAT measurement and the feedback loop's reads.
 */

/** Runs `work` over `items`, at most `parallel` at a time, keeping the results in item order. */
export async function mapParallel<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}
