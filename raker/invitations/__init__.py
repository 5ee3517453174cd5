"""Letters sent before the meeting: surat undangan and surat permohonan narasumber."""
