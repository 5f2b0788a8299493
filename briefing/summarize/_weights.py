"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._select.FEATURES;
# fitted on the tune halves of 10kgnad-lead-dev.jsonl and html-de descriptions
WEIGHTS = (
    0.0848,  # intercept
    -0.1549,  # lead
    0.2169,  # position
    0.1090,  # inverse_rank
    -0.0115,  # log_words
    0.0077,  # long
    0.0002,  # short
    0.0017,  # centrality
    0.1347,  # keyword_share
    -0.0074,  # number
    0.0089,  # quote
    -0.0022,  # dangling
    0.0293,  # paragraph_start
    0.0333,  # names
)
