/**
 * Prometheus metrics (prom-client). Each app has its own registry, so two app instances in one
 * test process do not share counters; `/metrics` renders it in the text format.
 *
 * @module
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** The HTTP metrics every request feeds, plus the registry domains add theirs to. */
export class HttpMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<"method" | "route" | "status">;
  readonly duration: Histogram<"method" | "route" | "status">;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    this.requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route template and status",
      labelNames: ["method", "route", "status"],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency by method, route template and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
