import { ENGINES } from '../../store/testing/engines.ts';
import { probeRepoContract } from './probe-repo.contract.ts';

for (const [name, factory] of ENGINES) probeRepoContract(name, factory);
