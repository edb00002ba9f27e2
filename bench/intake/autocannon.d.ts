/** The part of autocannon 9's programmatic API that bench/intake uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    export type RawRequest = {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    };
    export type Histogram = {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    };
    export type Options = {
      url: string;
      connections?: number;
      /** Requests per second across all connections (rate-limited load). */
      overallRate?: number;
      pipelining?: number;
      duration?: number;
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      title?: string;
      requests?: {
        method?: string;
        path?: string;
        setupRequest?: (req: RawRequest, context: object) => RawRequest;
      }[];
    };
    export type Result = {
      title?: string;
      duration: number;
      latency: Histogram;
      /** Responses per second sample; `total` is all responses, `sent` all requests sent. */
      requests: Histogram & { sent: number };
      throughput: Histogram;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      '2xx': number;
      resets: number;
      statusCodeStats: Record<string, { count: number }>;
    };
    export type Instance = {
      on(
        event: 'response',
        fn: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
      ): Instance;
      on(event: 'tick', fn: (data: { counter: number; bytes: number }) => void): Instance;
      stop(): void;
    };
  }
  function autocannon(
    opts: autocannon.Options,
    cb: (err: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;
  export = autocannon;
}
