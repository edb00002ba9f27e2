import { ENGINES } from '../../store/testing/engines.ts';
import { sourcesRepoContract } from './sources-repo.contract.ts';

for (const [name, factory] of ENGINES) sourcesRepoContract(name, factory);
