"""Party dues (đảng phí): each member's monthly amount by the rules in force (QĐ 342 before
2026, QĐ 01-QĐ/TW from 1/2/2026), the ledger of months due and payments, a cell's collection
sheet and the summaries up the tree."""
