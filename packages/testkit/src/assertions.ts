/**
 * Assertions without a test framework. A storage error is recognised by shape (an
 * Error with a string `code`) so an adapter built against another copy of the protocol
 * package still passes.
 */
import assert from "node:assert/strict";

/** Assert that `promise` rejects with a LairError-shaped error carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  let settled = false;
  try {
    await promise;
    settled = true;
  } catch (error) {
    assert.ok(error instanceof Error, `${what}: expected an Error, got ${String(error)}`);
    assert.equal(
      error.name,
      "LairError",
      `${what}: expected a LairError, got ${error.name}: ${error.message}`,
    );
    const actual = (error as { code?: unknown }).code;
    assert.equal(
      actual,
      code,
      `${what}: expected code "${code}", got "${String(actual)}" (${error.message})`,
    );
  }
  assert.ok(!settled, `${what}: expected a "${code}" error, but it resolved`);
}

/** Assert that `row` exists and each key of `expected` has that value (extra keys are fine). */
export function expectFields(
  row: object | null | undefined,
  expected: Record<string, unknown>,
  what: string,
): void {
  assert.ok(row, `${what}: expected a row, got ${String(row)}`);
  const actual = Object.fromEntries(
    Object.keys(expected).map((k) => [k, (row as Record<string, unknown>)[k]]),
  );
  assert.deepEqual(actual, expected, `${what}: stored values differ`);
}
