import { describe, expect, it } from "vitest";

import { isDatabaseConnectionError } from "../src/jobs/database-connection-error";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

// A worker rides out a database outage only for errors that really mean "the database is not reachable"; any
// other unhandled rejection must still end the process.
describe("isDatabaseConnectionError", () => {
  it.each([
    withCode("terminating connection due to administrator command", "57P01"),
    withCode("the database system is starting up", "57P03"),
    withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
    withCode("write CONNECTION_CLOSED 127.0.0.1:5432", "CONNECTION_CLOSED"),
    withCode("write CONNECT_TIMEOUT 127.0.0.1:5432", "CONNECT_TIMEOUT"),
    new Error("Connection terminated unexpectedly"),
    new Error("Client has encountered a connection error and is not queryable"),
    new Error("timeout exceeded when trying to connect"),
  ])("treats %s as an outage", (error) => {
    expect(isDatabaseConnectionError(error)).toBe(true);
  });

  it.each([
    withCode('duplicate key value violates unique constraint "x"', "23505"),
    withCode("syntax error at or near", "42601"),
    new TypeError("Cannot read properties of undefined"),
    "ECONNREFUSED",
    null,
  ])("does not treat %s as an outage", (reason) => {
    expect(isDatabaseConnectionError(reason)).toBe(false);
  });
});
