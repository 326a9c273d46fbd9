int low(void);
