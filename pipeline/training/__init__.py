"""Fine-tuning: adapt a pretrained seq2seq checkpoint to one's own summaries (``zhsum finetune``)."""
