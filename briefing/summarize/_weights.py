"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the whole dev sets of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 1000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    -0.07272,  # intercept
    0.02526,  # lead
    0.21232,  # position
    -0.03222,  # relative_position
    -0.00877,  # relative_length
    0.00722,  # centrality
    0.02149,  # headline_overlap
    0.10815,  # keyword_share
    0.07873,  # names
    -0.00237,  # number
    -0.00927,  # quote_share
    -0.00515,  # dangling
    -0.02776,  # standfirst
)
