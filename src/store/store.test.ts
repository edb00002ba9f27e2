import { storeContract } from './store.contract.ts';
import { ENGINES } from './testing/engines.ts';

for (const [name, factory] of ENGINES) storeContract(name, factory);
