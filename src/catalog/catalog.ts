import type { Labels, ProviderEntry, ServiceEntry } from './schema.ts';

/** A service with its categories resolved to labels. */
export type Service = Omit<ServiceEntry, 'categories'> & {
  categories: { id: string; labels: Labels }[];
  /** The file it was declared in, for messages. */
  source: string;
};

/** An expected event with its times in epoch ms. */
export type ExpectedEvent = { services: string[]; kind: 'launch'; what: string; from: number; to: number };

export type Catalog = {
  services: Service[];
  providers: ProviderEntry[];
  categories: Map<string, Labels>;
  bySlug: Map<string, Service>;
  /** Launches and other expected crowds, oldest first. */
  expected: ExpectedEvent[];
};

/** True when the service lists the category. */
export const hasCategory = (service: Service, category: string): boolean =>
  service.categories.some((c) => c.id === category);
