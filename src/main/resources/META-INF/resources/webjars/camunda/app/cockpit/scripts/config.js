// AutoBiz's Cockpit configuration: it replaces the webapp's own (empty) app/cockpit/scripts/config.js, because the
// application's classes come before the Camunda webjar on the class path. Options: Camunda 7.24 docs, "Cockpit
// Configuration". Each custom script is an ES module under app/cockpit/ whose default export is a plugin or a list of
// plugins (docs/operations.md, "Evidence in Cockpit").
export default {
  customScripts: ['scripts/autobiz-evidence.js'],
};
