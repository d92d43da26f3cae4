import { describeViolations, violations } from './conformance';

/** Registered for every integration test file (jest.config.js): its apps' responses must be what their document says. */
afterAll(() => {
  if (violations.length > 0) throw new Error(describeViolations(violations));
});
