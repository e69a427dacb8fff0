{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_co_mail_identifier_asked:none}}

{{T_co_mail_identifier_is:none}} {{IDENTIFIER}}

{{T_co_mail_identifier_keep:none}}

{{T_co_not_both:none}}

{{T_co_mail_not_you:none}}{{#HAS_ASSISTANCE}}{{T_colon:none}} {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

{{T_mail_no_reply:none}}

{{ORGANISATION}}
