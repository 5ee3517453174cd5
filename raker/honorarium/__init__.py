"""Daftar penerimaan honorarium narasumber dan moderator: settings per meeting, the arithmetic
(PPh 21 per PP No. 80/2010 for PNS, a set rate for others) and the document model."""
