import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

export interface DatabasePlug {
  /** The same database URL, routed through the plug. */
  route(url: string): string;
  /**
   * Cuts every open connection, then either refuses new ones (a stopped server) or accepts them and
   * never answers (a server that hangs, or a network that drops packets).
   */
  pull(how: 'refuse' | 'silent'): void;
  /** Connections go through to the database again. */
  restore(): void;
  close(): Promise<void>;
}

/** A TCP stand-in for the network between the bot and PostgreSQL, that a test can unplug. */
export async function createDatabasePlug(target: { host: string; port: number }): Promise<DatabasePlug> {
  let state: 'through' | 'refuse' | 'silent' = 'through';
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (state === 'refuse') return client.destroy();
    if (state === 'silent') return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    route(url) {
      const routed = new URL(url);
      routed.hostname = '127.0.0.1';
      routed.port = String(port);
      return routed.toString();
    },
    pull(how) {
      state = how;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      state = 'through';
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Cutting the network to the database needs a database across a network: the PostgreSQL server CI
 * names in TEST_DATABASE_URL, or else the usual local one. `answers`: whether it is up, so tests that
 * need one run where it is (CI always has it).
 */
export async function databaseServer(): Promise<{ url: string; answers: boolean }> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return { url, answers: true };
  } catch {
    return { url, answers: false };
  } finally {
    await probe.end({ timeout: 1 });
  }
}
