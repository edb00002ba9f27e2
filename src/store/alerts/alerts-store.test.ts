import { ENGINES } from '../testing/engines.ts';
import { alertsStoreContract } from './alerts-store.contract.ts';

for (const [name, factory] of ENGINES) alertsStoreContract(name, factory);
