/**
 * How nodes sharing one store coordinate: exactly one leader (it applies incident changes and runs
 * singleton jobs) and change notices (so every node's snapshot and live streams update). On SQLite
 * there is one process: it always leads and notices stay local.
 */
export type ChangeKind = 'reports' | 'incidents' | 'status';

export interface Coordination {
  /** True while this node holds the leadership. */
  isLeader(): boolean;
  /** Called with true when leadership is gained and false when lost. */
  onLeadership(listener: (leader: boolean) => void): void;
  /** Tells every node (this one included) that something changed. */
  notify(kind: ChangeKind): void;
  onNotice(listener: (kind: ChangeKind) => void): void;
  close(): Promise<void>;
}

/** One process: always the leader; notices are delivered in-process. */
export function localCoordination(): Coordination {
  const notices: ((k: ChangeKind) => void)[] = [];
  return {
    isLeader: () => true,
    onLeadership: (l) => queueMicrotask(() => l(true)),
    notify: (kind) => {
      for (const l of notices) l(kind);
    },
    onNotice: (l) => void notices.push(l),
    close: async () => {},
  };
}
