import { ENGINES } from '../../store/testing/engines.ts';
import { alertsStoreContract } from './alerts-store.contract.ts';

for (const [name, factory] of ENGINES) alertsStoreContract(name, factory);
