{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_ed_mail_asked:none}}

{{T_ed_mail_open:none}}

{{LINK}}

{{T_ed_mail_ttl:none}}

{{T_ed_mail_not_you:none}}

{{T_mail_no_reply:none}}

{{ORGANISATION}}
