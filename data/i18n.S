/* Embeds the portal's message catalogs as i18n_nb_txt[], i18n_nn_txt[] and
 * i18n_en_txt[], each NUL-terminated. Each language's catalog is the
 * concatenation of data/i18n/<lang>/*.txt (one file per part of the
 * portal), which the Makefile writes to I18N_NB, I18N_NN and I18N_EN. */
	.section .rodata
	.global i18n_nb_txt
	.type i18n_nb_txt, @object
i18n_nb_txt:
	.incbin I18N_NB
	.byte 0
	.global i18n_nn_txt
	.type i18n_nn_txt, @object
i18n_nn_txt:
	.incbin I18N_NN
	.byte 0
	.global i18n_en_txt
	.type i18n_en_txt, @object
i18n_en_txt:
	.incbin I18N_EN
	.byte 0
	.section .note.GNU-stack,"",@progbits
