import { startSentinelOneSimulator } from "@baton-ts/connector-sentinelone/simulator";
const sim = await startSentinelOneSimulator({
  accounts: 1,
  sites: 50,
  users: 5000,
  serviceUsers: 200,
  roles: 40,
});
console.log(JSON.stringify({ url: sim.url, token: sim.tokens.tenant }));
