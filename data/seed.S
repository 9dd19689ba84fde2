/* Embeds data/seed.json (the built-in dataset) as seed_json[], NUL-terminated. */
	.section .rodata
	.global seed_json
	.type seed_json, @object
	.balign 16
seed_json:
	.incbin SEED_PATH
	.byte 0
	.global seed_json_end
seed_json_end:
	.section .note.GNU-stack,"",@progbits
