/** Values the tests share: agent ids in Ultravox's UUID form. Tokens stay per test file. */
export const AGENT_A = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
export const AGENT_B = "0b8f5a2e-6c1d-4e7a-9f3b-2d4c6e8a0b1c";
export const AGENT_C = "7d2e9c4a-1b3f-4a6e-8c5d-9e0f1a2b3c4d";
