/**
 * The page flood of bench/reads, in its own process so it does not share the intake client's
 * event loop: GETs of the home page, service pages and the status JSON, as fast as it can.
 *
 *   node bench/reads/flood.ts PORT SECONDS CONNECTIONS
 */
import autocannon from 'autocannon';

/** What a flood requests, in turn: pages in several languages and the cached JSON. */
export const FLOOD_PATHS = [
  '/status/instagram?lang=en',
  '/',
  '/api/v1/status',
  '/status/facebook?lang=id',
  '/status/whatsapp?lang=hi',
];

if (import.meta.main) {
  const [port, seconds, connections] = process.argv.slice(2).map(Number);
  if (!port || !seconds || !connections || !process.send)
    throw new Error('usage: started by bench/reads/run.ts');
  process.send({ type: 'ready', port });
  autocannon(
    {
      url: `http://127.0.0.1:${port}`,
      connections,
      duration: seconds,
      requests: FLOOD_PATHS.map((path) => ({ method: 'GET', path })),
    },
    (err, r) => {
      if (err) process.send?.({ type: 'error', message: err.message });
      else
        process.send?.({
          type: 'result',
          average: r.requests.average,
          total: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors,
        });
      process.disconnect();
    },
  );
}
