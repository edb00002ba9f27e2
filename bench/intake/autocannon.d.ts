/** The part of autocannon 9's programmatic API that bench/intake uses (the package ships no types). */
declare module 'autocannon' {
  type RawRequest = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  };
  type Histogram = {
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
  type Options = {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    title?: string;
    requests?: { method?: string; path?: string; setupRequest?: (req: RawRequest, context: object) => RawRequest }[];
  };
  type Result = {
    title?: string;
    duration: number;
    latency: Histogram;
    requests: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    '2xx': number;
    resets: number;
    totalCompletedRequests: number;
    totalRequests: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  type Instance = {
    on(event: 'response', fn: (client: unknown, statusCode: number, bytes: number, ms: number) => void): Instance;
    on(event: 'tick', fn: (data: { counter: number; bytes: number }) => void): Instance;
    stop(): void;
  };
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance;
  export = autocannon;
}
