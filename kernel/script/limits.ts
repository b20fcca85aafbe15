/** Script limits of Core's script/script.h. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
export const MAX_OPS_PER_SCRIPT = 201;
export const MAX_PUBKEYS_PER_MULTISIG = 20;
export const MAX_SCRIPT_SIZE = 10_000;
export const MAX_STACK_SIZE = 1000;
