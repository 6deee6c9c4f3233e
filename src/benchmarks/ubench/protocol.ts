/**
 * The version tag of μ-Bench's zero-shot protocol (the eVLLM evaluation of arXiv 2407.01791: caption templates,
 * argmax over options), recorded on every contrastive run and imported run as `protocol_version`.
 */
export const ubenchProtocolVersion = 'ubench-evllm-2024';
