export {
  createSampleDirectory,
  type SampleApp,
  type SampleDirectory,
  type SampleGroup,
  type SampleRole,
  type SampleUser,
} from "./directory.js";
export { sampleConnector } from "./sample-connector.js";
