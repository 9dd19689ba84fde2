/* Embeds the portal's message catalogs (data/i18n/{nb,nn,en}.txt) as
 * i18n_nb_txt[], i18n_nn_txt[] and i18n_en_txt[], each NUL-terminated.
 * Paths are relative to the repository root, where make runs. */
	.section .rodata
	.global i18n_nb_txt
	.type i18n_nb_txt, @object
i18n_nb_txt:
	.incbin "data/i18n/nb.txt"
	.byte 0
	.global i18n_nn_txt
	.type i18n_nn_txt, @object
i18n_nn_txt:
	.incbin "data/i18n/nn.txt"
	.byte 0
	.global i18n_en_txt
	.type i18n_en_txt, @object
i18n_en_txt:
	.incbin "data/i18n/en.txt"
	.byte 0
	.section .note.GNU-stack,"",@progbits
