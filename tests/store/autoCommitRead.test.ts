import { createServer, type Server } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { autoCommitRead } from '../../src/store/neo4j/autoCommitRead.ts';
import { NEO4J_DRIVER_CONFIG } from '../../src/store/neo4j/driverConfig.ts';

/** A driver whose sessions are counted: one session per attempt of autoCommitRead. */
function countingDriver(uri: string): { driver: Driver; attempts: () => number } {
  const driver = neo4j.driver(uri, undefined, { ...NEO4J_DRIVER_CONFIG, connectionTimeout: 500 });
  let sessions = 0;
  const session = driver.session.bind(driver);
  driver.session = ((...args: Parameters<Driver['session']>) => {
    sessions++;
    return session(...args);
  }) as Driver['session'];
  return { driver, attempts: () => sessions };
}

describe('autoCommitRead: one read statement as an auto-commit transaction, retried like a managed one', () => {
  const drivers: Driver[] = [];
  let refusing: Server | undefined;
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    refusing?.close();
  });

  it('answers a read in one attempt, with its records as plain objects', async () => {
    const { driver, attempts } = countingDriver(inject('neo4jUri'));
    drivers.push(driver);
    const rows = await autoCommitRead(driver, 'neo4j', { text: 'UNWIND range(1, $n) AS i RETURN i, i * i AS square', params: { n: 3 } });
    expect(rows).toEqual([
      { i: 1, square: 1 },
      { i: 2, square: 4 },
      { i: 3, square: 9 },
    ]);
    expect(attempts()).toBe(1);
  });

  it('does not retry an error of the statement itself, and keeps its Neo4j code', async () => {
    const { driver, attempts } = countingDriver(inject('neo4jUri'));
    drivers.push(driver);
    await expect(autoCommitRead(driver, 'neo4j', { text: 'RETURN nonsense(', params: {} })).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.SyntaxError',
    });
    expect(attempts()).toBe(1);
  });

  it('retries a server that accepts no Bolt (ServiceUnavailable) after about 1 s, then gives up past its retry time', async () => {
    // A port that accepts TCP and closes at once: every attempt fails as an outage does.
    refusing = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refusing!.listen(0, '127.0.0.1', resolve));
    const port = (refusing.address() as { port: number }).port;
    const { driver, attempts } = countingDriver(`bolt://127.0.0.1:${port}`);
    drivers.push(driver);
    // Retry time 500 ms: the first failure is retried after 0.8-1.2 s, the second is past it.
    await expect(autoCommitRead(driver, 'neo4j', { text: 'RETURN 1', params: {} }, 500)).rejects.toMatchObject({
      code: 'ServiceUnavailable',
    });
    expect(attempts()).toBe(2);
  });
});
