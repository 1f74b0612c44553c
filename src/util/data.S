/* Embeds the files under data/ (see include/callq/data.h). */
#define EMBED(sym, path)		\
	.globl sym;			\
	.balign 16;			\
sym:					\
	.incbin path;			\
	.byte 0

	.section .rodata
EMBED(data_dispositions_tsv, "data/dispositions.tsv")
EMBED(data_stages_tsv, "data/stages.tsv")
EMBED(data_transitions_tsv, "data/transitions.tsv")
EMBED(data_sources_txt, "data/sources.txt")
EMBED(data_pause_reasons_txt, "data/pause_reasons.txt")
EMBED(data_followup_reasons_txt, "data/followup_reasons.txt")
EMBED(data_drop_reasons_txt, "data/drop_reasons.txt")
EMBED(data_products_txt, "data/products.txt")
EMBED(data_won_reasons_txt, "data/won_reasons.txt")
EMBED(data_payment_methods_txt, "data/payment_methods.txt")
EMBED(data_phone_zones_tsv, "data/phone_zones.tsv")
EMBED(data_region_zones_tsv, "data/region_zones.tsv")
EMBED(data_countries_tsv, "data/countries.tsv")
EMBED(data_demo_places_tsv, "data/demo/places.tsv")
EMBED(data_demo_first_names_txt, "data/demo/first_names.txt")
EMBED(data_demo_last_names_txt, "data/demo/last_names.txt")
EMBED(data_demo_trades_txt, "data/demo/trades.txt")
EMBED(data_demo_streets_tsv, "data/demo/streets.tsv")

	.section .note.GNU-stack,"",@progbits
