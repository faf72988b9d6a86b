'use strict';
// Offline stand-in (see package.json): no credential store; every lookup finds nothing.
const none = async () => null;
module.exports = {
  getPassword: none,
  setPassword: async () => {
    throw new Error('keytar is not available in this project: log in with the forge CLI installed globally.');
  },
  deletePassword: async () => false,
  findCredentials: async () => [],
  findPassword: none,
};
