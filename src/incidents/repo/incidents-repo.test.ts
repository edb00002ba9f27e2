import { ENGINES } from '../../store/testing/engines.ts';
import { incidentsRepoContract } from './incidents-repo.contract.ts';

for (const [name, factory] of ENGINES) incidentsRepoContract(name, factory);
